"""wres.indicators"""
