"""lstmlint/source"""
