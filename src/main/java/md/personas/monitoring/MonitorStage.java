package md.personas.monitoring;

import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import md.personas.narratives.NarrativeOutcome;
import md.personas.record.PersonaRecord;
import org.apache.pekko.stream.KillSwitch;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * The monitor as a Broadcast branch of the pipeline: it counts every narrative outcome and, when a checkpoint's
 * verdict fails and the rule says abort, trips the kill switch with a {@link MonitorAbortException} carrying the
 * reason. Completes with the monitor itself, for the manifest and the stats.
 */
public final class MonitorStage {

    private MonitorStage() {
    }

    public static Sink<NarrativeOutcome, CompletionStage<ChiSquareMonitor>> sink(ChiSquareMonitor monitor,
                                                                                KillSwitch killSwitch,
                                                                                Consumer<MonitorVerdict> onVerdict) {
        return Sink.fold(monitor, (m, outcome) -> {
            if (outcome instanceof NarrativeOutcome.Written w) {
                MonitorVerdict verdict = m.add(new PersonaRecord(w.persona(), w.narrative()));
                if (verdict != null) {
                    onVerdict.accept(verdict);
                    if (!verdict.passed() && m.settings().abort()) {
                        killSwitch.abort(new MonitorAbortException(verdict));
                    }
                }
            } else {
                m.failed();
            }
            return m;
        });
    }
}
