"""wres.store"""
