"""wres.vocab"""
