package md.personas.sinks;

import java.nio.file.Path;

/** A checkpoint part whose two files, JSONL and Parquet, are both finished: its records are done. */
public record FinishedPart(int number, Path jsonl, Path parquet) {

    public Path file(PartFormat format) {
        return format == PartFormat.JSONL ? jsonl : parquet;
    }
}
