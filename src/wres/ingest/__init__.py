"""wres.ingest"""
