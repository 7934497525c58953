/**
 * The one source of the monitoring: {@code monitoring/config.yml} ({@link io.creditwatch.monitoring.MonitoringConfig})
 * holds the runbook base URL, the datasource uid and every alert threshold, and
 * {@link io.creditwatch.monitoring.MonitoringFiles} generates from it, with the code of this module, the
 * Prometheus alert rules, the Grafana-managed alerts, the four dashboards, the runbook links of the
 * promtool tests and the alert table of docs/stack.md. The generated files stay committed where
 * Compose, Grafana and Kubernetes read them; {@code GeneratedFilesTests} fails when regenerating would
 * change one, and rewrites them with {@code -Dcreditwatch.regenerate=true}, the convention of the
 * project's other generated files.
 * <p>
 * It is a module of its own rather than test code of {@code stack-tests} because it is the source of
 * production files, not a check of them: it needs none of the services, binaries or browsers
 * {@code stack-tests} starts, builds and tests in seconds, and {@code stack-tests} in turn checks its
 * output with the real tools (promtool, a live Prometheus, kustomize) like any hand-written file.
 * Plain Java over Jackson, no Spring: the builders of {@link io.creditwatch.monitoring.grafana} are shaped
 * like grafana-foundation-sdk's (a builder per dashboard, panel, query, thresholds), small enough
 * to hold only what these dashboards use.
 */
package io.creditwatch.monitoring;
