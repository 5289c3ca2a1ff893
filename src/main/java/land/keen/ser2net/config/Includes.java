package land.keen.ser2net.config;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Stream;

/**
 * Resolves {@code include:} patterns. Relative patterns are taken from the including file's
 * directory (so a snippet directory can be moved as a whole); matches are sorted by name, like
 * glob(3), so the order defaults apply in is predictable.
 */
final class Includes {

    private Includes() {
    }

    static List<Path> resolve(String pattern, Path baseDir) throws IOException {
        Path cwd = Path.of("").toAbsolutePath();
        List<Path> found = resolveAbsolute(baseDir.toAbsolutePath().resolve(pattern).normalize());
        // keep names as the caller wrote them: a relative base gives relative names in problems
        return baseDir.isAbsolute() || Path.of(pattern).isAbsolute() ? found
                : found.stream().map(p -> p.startsWith(cwd) ? cwd.relativize(p) : p).toList();
    }

    private static List<Path> resolveAbsolute(Path full) throws IOException {
        // walk from the deepest directory without wildcards, only as deep as the pattern goes
        Path root = full.getRoot();
        int i = 0;
        for (; i < full.getNameCount() - 1; i++) {
            if (hasWildcard(full.getName(i).toString())) {
                break;
            }
            root = root.resolve(full.getName(i));
        }
        int depth = full.getNameCount() - i;
        if (!hasWildcard(full.toString())) {
            return Files.isRegularFile(full) ? List.of(full) : List.of();
        }
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + escapeForGlob(root) + "/"
                + full.subpath(i, full.getNameCount()));
        try (Stream<Path> files = Files.walk(root, depth)) {
            return files.filter(Files::isRegularFile).filter(matcher::matches).sorted().toList();
        }
    }

    static boolean hasWildcard(String text) {
        return text.contains("*") || text.contains("?") || text.contains("[") || text.contains("{");
    }

    /** The fixed directory part must match literally even if it contains glob characters elsewhere. */
    private static String escapeForGlob(Path root) {
        return root.toString().replaceAll("([\\\\*?\\[\\]{}])", "\\\\$1");
    }
}
