"""wres.disclosure"""
