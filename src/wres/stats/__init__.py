"""wres.stats"""
