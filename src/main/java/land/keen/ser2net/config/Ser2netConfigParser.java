package land.keen.ser2net.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

import land.keen.ser2net.files.BoundedFiles;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Parses ser2net.yaml files (ser2net.yaml(5), version 1 and 2) and snippets (ser2net YAML for one device) into
 * {@link ConnectionSpec}s. It reads config files only (the file and its includes), never devices or
 * sockets. User mistakes come back as {@link ConfigProblem}s, one per unusable item; everything else
 * in the file still parses.
 *
 * <p>SnakeYAML Engine composes the node tree (it keeps repeated keys, which version 1 files need
 * for their many {@code connection:} entries, and resolves {@code *alias} references); the ser2net
 * meaning of the tree is ours.
 */
public final class Ser2netConfigParser {

    /** ser2net gives up at 100; real setups nest one or two levels. */
    private static final int MAX_INCLUDE_DEPTH = 20;

    /**
     * Parses a file; relative includes are resolved against its directory.
     *
     * @param substitutions tokens replaced as whole words in accepters and connectors (e.g.
     *                      {@code DEVNODE} → {@code /dev/ttyUSB0}), also usable as defines
     */
    public ParsedConfig parse(Path file, Map<String, String> substitutions) {
        ParseContext ctx = new ParseContext(Objects.requireNonNull(substitutions, "substitutions"));
        parseFile(file, ctx);
        return ctx.result();
    }

    /**
     * Parses YAML text.
     *
     * @param sourceName         the name used in problems and {@link ConnectionSpec#source()}
     * @param baseDirForIncludes where relative includes are looked up; null refuses includes
     */
    public ParsedConfig parse(String yamlText, String sourceName, Path baseDirForIncludes,
                              Map<String, String> substitutions) {
        ParseContext ctx = new ParseContext(Objects.requireNonNull(substitutions, "substitutions"));
        parseText(yamlText, sourceName, baseDirForIncludes, ctx);
        return ctx.result();
    }

    private void parseFile(Path file, ParseContext ctx) {
        String source = file.toString();
        ctx.inputs.add(file.toAbsolutePath().normalize());
        Path real;
        String text;
        try {
            real = file.toRealPath();
            // a strict decoder: a binary or Latin-1 file is a problem, not a config with odd characters
            text = StandardCharsets.UTF_8.newDecoder()
                    .decode(ByteBuffer.wrap(BoundedFiles.read(real, BoundedFiles.CONFIG_LIMIT))).toString();
        } catch (CharacterCodingException e) {
            ctx.problem(source, null, null, "not valid UTF-8");
            return;
        } catch (BoundedFiles.TooLargeException e) {
            ctx.problem(source, null, null, "cannot read: " + e.getMessage());
            return;
        } catch (IOException e) {
            ctx.problem(source, null, null, "cannot read: " + describe(e));
            return;
        }
        if (ctx.including.contains(real)) {
            ctx.problem(source, null, "include", "include cycle: the file includes itself");
            return;
        }
        if (ctx.including.size() >= MAX_INCLUDE_DEPTH) {
            ctx.problem(source, null, "include", "includes nested too deeply");
            return;
        }
        ctx.including.addLast(real);
        try {
            Path dir = file.toAbsolutePath().getParent();
            Path base = file.isAbsolute() || dir == null ? dir : relativeParent(file);
            parseText(text, source, base, ctx);
        } finally {
            ctx.including.removeLast();
        }
    }

    /** Keeps relative names relative, so problems read {@code snippets/a.yaml}, not a long path. */
    private static Path relativeParent(Path file) {
        Path parent = file.getParent();
        return parent == null ? Path.of("") : parent;
    }

    private void parseText(String text, String source, Path baseDir, ParseContext ctx) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(source)
                .setAllowDuplicateKeys(true)
                .setUseMarks(true)
                .build();
        DocumentWalker walker = new DocumentWalker(ctx, source, baseDir, included -> parseFile(included, ctx));
        try {
            // documents are composed lazily: those before a syntax error still count
            for (Node document : new Compose(settings).composeAllFromReader(new StringReader(text))) {
                walker.walk(document);
            }
        } catch (MarkedYamlEngineException e) {
            String where = e.getProblemMark().or(e::getContextMark).map(YamlValues::line).orElse("YAML");
            String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
            String context = e.getContext() != null ? " (" + e.getContext() + ")" : "";
            ctx.problem(source, null, null, where + ": " + oneLine(what + context));
        } catch (YamlEngineException e) {
            ctx.problem(source, null, null, "YAML: " + oneLine(e.getMessage()));
        }
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    private static String describe(IOException e) {
        return e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.toString();
    }
}
