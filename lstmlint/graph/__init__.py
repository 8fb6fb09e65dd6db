"""lstmlint/graph"""
