# Reference outputs of R's surveillance::earsC for the Go EARS C1, C2 and C3
# (internal/epidemic/warning/ears.go). Run from this folder:
#
#   Rscript ears.R
#
# with Debian's r-cran-surveillance (1.20.3 made the committed files). It
# writes series.csv (the daily counts) and ears_reference.csv (per series,
# setting, method and day: the upper bound and the alarm earsC gives).
suppressPackageStartupMessages(library(surveillance))

set.seed(17)
series <- list(
  poisson3  = rpois(42, 3),                                  # a steady count
  sparse    = rbinom(42, 1, 0.15),                           # mostly zeros: sigma under minSigma
  zeros     = rep(0, 30),                                    # nothing at all: sd 0
  constant  = rep(4, 30),                                    # sd 0 above zero
  outbreak  = c(rpois(28, 2), 6, 9, 14, 11, 7, 3, 2),        # a rise and fall
  large     = rpois(40, 250),                                # a pharmacy's sales
  demo      = c(0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 5),    # the demo's township (seed)
  lagged    = c(1, 0, 1, 2, 0, 1, 1, 0, 1, 4, 6, 7, 8, 9, 3)  # C3's lags at work
)

# CDC's EARS flags C1 and C2 above 3 standard deviations and C3 above 2
# (healthgrid's defaults), R's own defaults are alpha 0.001 and 0.025.
settings <- list(
  cdc       = list(z = c(C1 = 3, C2 = 3, C3 = 2), minSigma = 0.5),
  cdc_sigma1 = list(z = c(C1 = 3, C2 = 3, C3 = 2), minSigma = 1),
  r_default = list(alpha = c(C1 = 0.001, C2 = 0.001, C3 = 0.025), minSigma = 0)
)

num <- function(x) ifelse(is.na(x), "NaN", sprintf("%.17g", x))

obs <- do.call(rbind, lapply(names(series), function(s)
  data.frame(series = s, t = seq_along(series[[s]]), observed = series[[s]])))
write.csv(obs, "series.csv", row.names = FALSE, quote = FALSE)

out <- NULL
for (s in names(series)) {
  x <- series[[s]]
  for (set in names(settings)) {
    cfg <- settings[[set]]
    for (m in c("C1", "C2", "C3")) {
      alpha <- if (!is.null(cfg$alpha)) cfg$alpha[[m]] else pnorm(cfg$z[[m]], lower.tail = FALSE)
      r <- earsC(sts(observed = x), control = list(method = m, baseline = 7, alpha = alpha,
                                                 minSigma = cfg$minSigma))
      ub <- as.vector(upperbound(r))
      al <- as.vector(alarms(r))
      t <- (length(x) - length(ub) + 1):length(x)
      out <- rbind(out, data.frame(series = s, setting = set, method = m, alpha = sprintf("%.17g", alpha),
                                   min_sigma = cfg$minSigma, t = t, observed = x[t], upperbound = num(ub),
                                   alarm = ifelse(is.na(al), "NA", ifelse(al, "1", "0"))))
    }
  }
}
write.csv(out, "ears_reference.csv", row.names = FALSE, quote = FALSE)
