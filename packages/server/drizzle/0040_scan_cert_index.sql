-- Per-certificate scan counts (the staff detail page, the public scan) read certificate_scan_tallies
-- (0039), so the scans need no index by certificate: one index entry fewer per scan recorded.
-- The rare delete recount joins the scans on the whole table instead.
DROP INDEX "certificate_scans_cert_idx";