"""wres.data"""
