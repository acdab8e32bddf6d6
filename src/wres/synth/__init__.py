"""wres.synth"""
