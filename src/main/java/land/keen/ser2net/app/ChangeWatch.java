package land.keen.ser2net.app;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the reconcile loop that something it looks at may have changed: a device node appeared in or left /dev (the
 * kernel's devtmpfs reports both to inotify), or a configuration file, an include folder or the snippets folder was
 * written. An idle node then does no work at all between the loop's slow safety resyncs.
 */
final class ChangeWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("land.keen.ser2net.app");

    private final WatchService service;
    private final Runnable onChange;
    private final Map<Path, WatchKey> keys = new HashMap<>();
    private final ProblemLog unwatchable = ProblemLog.warnings(LOG);

    ChangeWatch(Runnable onChange) throws IOException {
        this.service = FileSystems.getDefault().newWatchService();
        this.onChange = onChange;
    }

    /**
     * Watches these folders from now on (folders already watched stay; ones that went away are dropped).
     *
     * @return true when every one of them is watched
     */
    synchronized boolean watch(Collection<Path> folders) {
        keys.entrySet().removeIf(e -> !e.getValue().isValid());
        Set<String> problems = new java.util.LinkedHashSet<>();
        for (Path folder : folders) {
            Path dir = folder.toAbsolutePath().normalize();
            if (keys.containsKey(dir)) {
                continue;
            }
            if (!Files.isDirectory(dir)) {
                // its owner says so; when it appears, the next resync sees it and watches it from then on
                continue;
            }
            try {
                keys.put(dir, dir.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY));
            } catch (IOException | RuntimeException e) {
                problems.add("cannot watch " + dir + ": " + e.getMessage());
            }
        }
        unwatchable.report(problems.isEmpty() ? Set.of()
                : Set.of(String.join("; ", problems) + ": looking every ser2net.scan-interval instead"));
        return problems.isEmpty();
    }

    /** Waits for changes and reports each batch; returns when closed. Runs on the loop's own watch thread. */
    void run() {
        while (true) {
            WatchKey key;
            try {
                key = service.take();
            } catch (ClosedWatchServiceException | InterruptedException e) {
                return;
            }
            key.pollEvents();
            key.reset();
            onChange.run();
        }
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException e) {
            LOG.debug("closing the change watch: {}", e.toString());
        }
    }
}
