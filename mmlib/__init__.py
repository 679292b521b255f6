"""mmlib: the teaching package of Methods 3."""
__version__ = "0.1.0"
from mmlib.data import list_data, load_data, simulate_school
from mmlib.messy import clean_sleepstudy, make_messy_sleepstudy
from mmlib.moments import anova_nested, anova_oneway, mom_nested, mom_oneway, mom_split_plot, split_plot_anova
from mmlib.shrinkage import shrinkage_table, shrinkage_weights, simulate_shrinkage
from mmlib.pooling import pooling_table
from mmlib import links, plots
from mmlib.exceptions import ConvergenceWarning, SingularFitWarning
from mmlib.lmm import LMMResult, lmer
from mmlib.glmm import GLMMResult, glmer
from mmlib.inference import all_fit, anova, bootstrap, check_convergence, confint, profile, satterthwaite, singularity
