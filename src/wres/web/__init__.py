"""wres.web"""
