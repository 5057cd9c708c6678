package md.personas.service;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import md.personas.messages.OneLine;
import md.personas.narratives.throttle.ThrottleChange;
import md.personas.narratives.throttle.ThrottleControl;
import md.personas.narratives.throttle.ThrottleKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hot reload of the throttle keys: watches the configuration files of a running process and, when an edit changes
 * {@code personas.narratives.workers}, {@code requests-per-minute} or {@code tokens-per-minute}, hands the changed
 * values to the {@link ThrottleControl} and logs old and new values. A {@link WatchService} wakes it at once where
 * the filesystem reports changes; a poll every second catches the rest (network and overlay filesystems, editors
 * that replace the file), so an edit takes effect within about a second either way. Files are compared by content,
 * so a touch without a change does nothing. An edit that does not parse, or holds an invalid value, is logged and
 * ignored: the last good values stay.
 */
public final class ThrottleReload implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ThrottleReload.class);
    public static final String WORKERS = ThrottleKeys.WORKERS;
    public static final String REQUESTS_PER_MINUTE = ThrottleKeys.REQUESTS_PER_MINUTE;
    public static final String TOKENS_PER_MINUTE = ThrottleKeys.TOKENS_PER_MINUTE;
    /** The poll fallback's period. */
    public static final Duration POLL = Duration.ofSeconds(1);
    /** How long a file must stay unchanged before it is read (editors write in several steps). */
    private static final long SETTLE_MILLIS = 150;

    /** The throttle keys as one configuration states them; the rates are absent when not configured. */
    record Values(int workers, OptionalDouble requestsPerMinute, OptionalDouble tokensPerMinute) {

        static Values of(Config config) {
            return new Values(ThrottleKeys.workers(config), ThrottleKeys.requestsPerMinute(config),
                    ThrottleKeys.tokensPerMinute(config));
        }

        /** What differs from {@code before}, and the "old -> new" description of it. */
        ThrottleChange changeFrom(Values before, List<String> described) {
            ThrottleChange change = ThrottleChange.none();
            if (workers != before.workers) {
                change = change.withWorkers(workers);
                described.add("workers " + before.workers + " -> " + workers);
            }
            if (requestsPerMinute.isPresent() && !requestsPerMinute.equals(before.requestsPerMinute)) {
                change = change.withRequestsPerMinute(requestsPerMinute.getAsDouble());
                described.add("requests-per-minute " + show(before.requestsPerMinute) + " -> "
                        + show(requestsPerMinute));
            }
            if (tokensPerMinute.isPresent() && !tokensPerMinute.equals(before.tokensPerMinute)) {
                change = change.withTokensPerMinute(tokensPerMinute.getAsDouble());
                described.add("tokens-per-minute " + show(before.tokensPerMinute) + " -> " + show(tokensPerMinute));
            }
            return change;
        }

        private static String show(OptionalDouble v) {
            return v.isPresent() ? ThrottleChange.plain(v.getAsDouble()) : "unset";
        }

        @Override
        public String toString() {
            return "workers=" + workers + ", requests-per-minute=" + show(requestsPerMinute) + ", tokens-per-minute="
                    + show(tokensPerMinute);
        }
    }

    private final List<Path> files;
    private final Supplier<Config> load;
    private final ThrottleControl control;
    private final Duration poll;
    private final WatchService watcher;
    private final Thread thread;
    private final List<byte[]> digests = new ArrayList<>();
    private volatile boolean running = true;
    private Values applied;

    private ThrottleReload(List<Path> files, Supplier<Config> load, ThrottleControl control, Duration poll,
                           boolean useWatchService) {
        this.files = List.copyOf(files);
        this.load = load;
        this.control = control;
        this.poll = poll;
        this.applied = Values.of(load.get());
        for (Path f : this.files) {
            digests.add(digest(f));
        }
        this.watcher = useWatchService ? watch(this.files) : null;
        this.thread = new Thread(this::loop, "config-reload");
        this.thread.setDaemon(true);
    }

    /**
     * Starts watching.
     *
     * @param files the files whose edits matter: the installation's {@code conf/application.conf} and the
     *              {@code --config FILE}, when given (missing ones are watched for creation)
     * @param load  reads the whole effective configuration again, layered as at start-up (flags still win), e.g.
     *              {@code () -> SettingsLoader.loadConfig(line)}; it may throw on a broken file
     * @param control where changed values go
     */
    public static ThrottleReload start(List<Path> files, Supplier<Config> load, ThrottleControl control) {
        return start(files, load, control, POLL, true);
    }

    /** As {@link #start(List, Supplier, ThrottleControl)}, with the poll period and the watch service chosen. */
    public static ThrottleReload start(List<Path> files, Supplier<Config> load, ThrottleControl control,
                                       Duration poll, boolean useWatchService) {
        ThrottleReload reload = new ThrottleReload(files, load, control, poll, useWatchService);
        reload.thread.start();
        LOG.debug("watching {} for throttle changes ({})", files, reload.applied);
        return reload;
    }

    private static WatchService watch(List<Path> files) {
        Set<Path> dirs = new LinkedHashSet<>();
        for (Path f : files) {
            Path parent = f.toAbsolutePath().getParent();
            if (parent != null && Files.isDirectory(parent)) {
                dirs.add(parent);
            }
        }
        try {
            WatchService w = dirs.isEmpty() ? null : dirs.iterator().next().getFileSystem().newWatchService();
            for (Path d : dirs) {
                d.register(w, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
            }
            return w;
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("no file watch service here; polling every second only", e);
            return null;
        }
    }

    private void loop() {
        while (running) {
            try {
                if (watcher != null) {
                    WatchKey key = watcher.poll(poll.toMillis(), TimeUnit.MILLISECONDS);
                    if (key != null) {
                        key.pollEvents();
                        key.reset();
                    }
                } else {
                    Thread.sleep(poll.toMillis());
                }
                check();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("configuration watch: {}", e.toString());
            }
        }
    }

    /** Reads the files; if any changed, reloads and applies what differs. */
    void check() throws InterruptedException {
        List<String> changed = settledChanges();
        if (changed.isEmpty()) {
            return;
        }
        Values values;
        try {
            values = Values.of(load.get());
        } catch (RuntimeException e) {
            LOG.warn("ignored an edit of {} that does not load ({}); keeping {}", changed, OneLine.of(e.getMessage()),
                    applied);
            return;
        }
        List<String> described = new ArrayList<>();
        ThrottleChange change = values.changeFrom(applied, described);
        if (change.isEmpty()) {
            LOG.debug("{} changed; the throttle keys did not", changed);
            return;
        }
        try {
            control.apply(change);
        } catch (IllegalArgumentException | IllegalStateException e) {
            LOG.warn("configuration {} changed ({}) but the throttle refused it: {}; keeping {}", changed,
                    String.join(", ", described), e.getMessage(), applied);
            return;
        }
        applied = values;
        LOG.info("configuration {} reloaded: {}", changed, String.join(", ", described));
    }

    /** The files whose content changed since the last look, once it has stopped changing. */
    private List<String> settledChanges() throws InterruptedException {
        List<String> changed = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            byte[] now = digest(files.get(i));
            if (Arrays.equals(now, digests.get(i))) {
                continue;
            }
            for (int round = 0; round < 10; round++) {
                Thread.sleep(SETTLE_MILLIS);
                byte[] again = digest(files.get(i));
                if (Arrays.equals(again, now)) {
                    break;
                }
                now = again;
            }
            digests.set(i, now);
            changed.add(files.get(i).toString());
        }
        return changed;
    }

    private static byte[] digest(Path file) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return new byte[0];
        } catch (IOException e) {
            return new byte[] {1};
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException e) {
                LOG.debug("closing the watch service", e);
            }
        }
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
