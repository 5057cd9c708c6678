/**
 * Where records go: checkpoint parts while the stream runs, release files when it completes.
 *
 * <h2>Parts ({@code DIR/parts/})</h2>
 * Two sinks, {@link md.personas.sinks.PartSinks#jsonl} and {@link md.personas.sinks.PartSinks#parquet}, are branches
 * of the pipeline's Broadcast. Each cuts the stream every {@code checkpoint-every} records and writes the part sorted
 * by index as {@code part-NNNNNN.jsonl} / {@code part-NNNNNN.parquet}: temporary name, fsync, atomic rename,
 * directory fsync. Both count the same elements of the same Broadcast, so part k holds the same records in both
 * formats. This is the project's own small rotating-file stage: Pekko Connectors File is not available to us.
 *
 * <h2>Resume</h2>
 * {@link md.personas.sinks.PartDirectory} counts part k as done only when both of its files are finished;
 * temporary files and unpaired files are orphans, reported and deleted only on request. It gives the done indices
 * (from the Parquet {@code index} column alone), the next part number, and the rows of done parts sorted by index.
 * A failed write ({@link md.personas.sinks.CheckpointFailedException}) fails the stream and leaves every finished
 * part intact.
 *
 * <h2>Release</h2>
 * {@link md.personas.sinks.ReleaseWriter} merges the finished parts by index into
 * {@code moldova_personas_<label>.jsonl}, {@code .parquet} and {@code .csv}
 * ({@link md.personas.sinks.DatasetLabel}); the bytes depend only on the records, not on how they were cut into
 * parts, so a resumed run releases the same files as an uninterrupted one.
 */
package md.personas.sinks;
