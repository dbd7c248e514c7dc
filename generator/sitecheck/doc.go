// Package sitecheck holds the whole-site tests: it builds sites into
// temporary folders, serves them on loopback and checks them in a real
// browser (Debian's chromium through chromedp), with axe-core for
// accessibility, and runs the W3C Nu HTML checker and htmltest over the
// output. The tools are installed by .ci/run; where they are missing the
// tests skip, unless PORTAL_REQUIRE_CHECKS=1 (set by .ci/run) makes a
// missing tool a failure.
package sitecheck
