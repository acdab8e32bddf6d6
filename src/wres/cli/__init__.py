"""wres.cli"""
