package land.keen.ser2net.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** A source of wanted bridges read from files: the static ser2net.yaml, or discovery with its snippets. */
interface WatchedSource {

    /** Configuration problems in force, each saying whether the last good version keeps running. */
    List<ConfigIssue> issues();

    /** Whether a changed file is waiting to hold still before it applies. */
    boolean settling();

    /** Folders whose changes may change what this source wants. */
    Set<Path> folders();
}
