"""wres.analysis"""
