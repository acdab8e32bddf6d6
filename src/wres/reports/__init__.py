"""wres.reports"""
