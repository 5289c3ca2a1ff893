package land.keen.ser2net.app;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shipped snippets (snippets/*.yaml, packed into the jar) copied to a temporary folder, for a jar started away
 * from the project folder: snippets are read from a real folder, which discovery watches. The copy goes at exit.
 */
final class JarSnippets {

    private static final Logger LOG = LoggerFactory.getLogger("land.keen.ser2net.app");

    private JarSnippets() {
    }

    /** The folder holding the copies, or null when the jar has none (or they cannot be copied). */
    static Path extract() {
        URL url = JarSnippets.class.getClassLoader().getResource("snippets");
        if (url == null) {
            return null;
        }
        try {
            Path target = Files.createTempDirectory("ser2net-camel-snippets");
            target.toFile().deleteOnExit();
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    copy(jar.getPath("snippets"), target);
                }
            } else {
                copy(Path.of(uri), target);
            }
            return target;
        } catch (IOException | RuntimeException | java.net.URISyntaxException e) {
            LOG.warn("cannot copy the snippets inside the jar: {}", e.toString());
            return null;
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(from)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".yaml")).toList();
        }
        for (Path file : files) {
            Path copy = to.resolve(file.getFileName().toString());
            try (InputStream in = Files.newInputStream(file)) {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            copy.toFile().deleteOnExit();
        }
    }
}
