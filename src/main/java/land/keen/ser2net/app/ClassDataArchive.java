package land.keen.ser2net.app;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;

import javax.management.ObjectName;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The class-data sharing (CDS) archive the shipped JVM options name ({@code -XX:SharedArchiveFile=...} in
 * {@code ser2net-camel.args}): when the JVM could not map it (first start, a new jar, another JDK), the app writes it
 * itself once it is up, so the next start loads its ~4,000 classes pre-parsed (start to listening ~1.8 s → ~0.9 s).
 *
 * <p>Java 17 can only make such an archive at run time through the {@code VM.cds static_dump} diagnostic command
 * (JDK 19's {@code -XX:+AutoCreateSharedArchive} does not exist there, and a dynamic dump needs a base archive
 * mapped, which a missing {@code SharedArchiveFile} prevents). The JVM runs a second JVM with the list of classes
 * loaded so far; this process carries on serving meanwhile. The container image ships the archive made this way at
 * build time, so a read-only root file system never needs to write one.
 */
final class ClassDataArchive {

    private static final Logger LOG = LoggerFactory.getLogger("land.keen.ser2net.app");
    private static final String OPTION = "-XX:SharedArchiveFile=";

    private ClassDataArchive() {
    }

    /** The archive the JVM options name, if any (the last -XX:SharedArchiveFile wins, as in the JVM). */
    static Optional<Path> named() {
        List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        if (args.stream().filter(a -> a.startsWith("-Xshare:")).reduce((first, last) -> last)
                .filter("-Xshare:off"::equals).isPresent()) {
            return Optional.empty(); // sharing switched off on purpose: neither use nor (re)write an archive
        }
        return args.stream().filter(a -> a.startsWith(OPTION)).reduce((first, last) -> last)
                .map(a -> Path.of(a.substring(OPTION.length())));
    }

    /** Whether the JVM maps a class-data archive (its own or the one named). */
    static boolean mapped() {
        return System.getProperty("java.vm.info", "").contains("sharing");
    }

    /** Writes {@code archive} from the classes this JVM has loaded so far; logs and returns on any failure. */
    static void create(Path archive) {
        Path folder = archive.toAbsolutePath().getParent();
        if (folder == null || !Files.isDirectory(folder) || !Files.isWritable(folder)) {
            LOG.info("class-data archive {}: folder missing or read-only, starting without one", archive);
            return;
        }
        FileTime started = FileTime.fromMillis(System.currentTimeMillis() - 1000);
        boolean written = false;
        try {
            Files.deleteIfExists(archive);
            // the JVM's own name for it; writes <archive>.temp and renames it when the dump succeeded
            ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmCds",
                    new Object[] {new String[] {"static_dump", archive.toString()}},
                    new String[] {String[].class.getName()});
            written = Files.isRegularFile(archive);
            if (written) {
                LOG.info("class-data archive {} written ({} MiB): the next start is faster", archive,
                        Files.size(archive) >> 20);
            } else {
                LOG.warn("class-data archive {}: the JVM did not write it (see java_pid*_stderr)", archive);
            }
        } catch (Exception | LinkageError e) {
            LOG.warn("class-data archive {}: could not write it ({}), starting without one next time too", archive,
                    e.toString());
        }
        if (written) {
            removeDumpLogs(started);
        }
    }

    /** The dumping JVM leaves its output as java_pidN_stdout/_stderr in the working folder; kept only on failure. */
    private static void removeDumpLogs(FileTime since) {
        try (DirectoryStream<Path> logs = Files.newDirectoryStream(Path.of(""), "java_pid*_std{out,err}")) {
            for (Path log : logs) {
                if (Files.getLastModifiedTime(log).compareTo(since) >= 0) {
                    Files.delete(log);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("dump logs left in place: {}", e.toString());
        }
    }
}
