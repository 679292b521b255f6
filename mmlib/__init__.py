"""mmlib: the teaching package of Methods 3."""
__version__ = "0.1.0"
from mmlib.data import list_data, load_data, simulate_school
