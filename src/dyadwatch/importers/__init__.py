"""Converters from other projects' dictionary formats into dyadwatch's data files."""
