package md.personas.sinks;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A local Parquet output file whose stream fsyncs the file when it is closed. parquet-java's own
 * {@code LocalOutputFile} only closes, and a part may be renamed to its finished name only once its bytes are on
 * disk; fsyncing here, on the writer's own channel, avoids reopening the file to sync it. No Hadoop FileSystem.
 */
final class SyncedOutputFile implements OutputFile {

    private static final int BUFFER_BYTES = 1 << 16;

    private final Path path;

    SyncedOutputFile(Path path) {
        this.path = path;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) throws IOException {
        return open(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
        return open(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    }

    @Override
    public boolean supportsBlockSize() {
        return false;
    }

    @Override
    public long defaultBlockSize() {
        return -1;
    }

    @Override
    public String getPath() {
        return path.toString();
    }

    private PositionOutputStream open(OpenOption... options) throws IOException {
        return new SyncedStream(FileChannel.open(path, options));
    }

    private static final class SyncedStream extends PositionOutputStream {
        private final FileChannel channel;
        private final OutputStream out;
        private long position;
        private boolean closed;

        SyncedStream(FileChannel channel) {
            this.channel = channel;
            this.out = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_BYTES);
        }

        @Override
        public long getPos() {
            return position;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            position++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            position += len;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try (channel) {
                out.flush();
                channel.force(true);
            }
        }
    }
}
