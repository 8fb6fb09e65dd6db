"""lstmlint/confirm"""
