/**
 * Running generation as a long-lived service: the status server ({@code /status}, {@code /metrics}, the dashboard,
 * the bearer-protected {@code /control} endpoints), hot reload of the throttle keys, the live progress display and
 * the handling of SIGTERM and SIGINT. Each part is self-contained; {@code GenerateCommand} wires them to a run.
 */
package md.personas.service;
