package io.sensorbridge.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * When a file is complete, and what the completed parts are called.
 * <p>
 * A file is complete once the period its name starts with has ended ({@link FilePeriod}: it then keeps its name),
 * or once it has reached {@code rotateBytes} (0 = never): it is then renamed to the next free part,
 * {@code 2026-11-25.jsonl} to {@code 2026-11-25.0001.jsonl}, {@code .0002}, … and the next line starts a new
 * {@code 2026-11-25.jsonl}. Parts are never renamed again, so a part's name, once it exists, always holds the same
 * lines.
 */
public record RotationPolicy(long rotateBytes, FilePeriod every) {

    /** {@code <period>.<4+ digit part>.<extension>[.gz]}: a size-rotated part. */
    private static final Pattern PART = Pattern.compile("[^.]+\\.(\\d{4,})\\..+");

    /** Today's behaviour: day files, no size limit. */
    public static final RotationPolicy DAY_FILES = new RotationPolicy(0, FilePeriod.DAY);

    boolean bySize() {
        return rotateBytes > 0;
    }

    boolean full(long size) {
        return bySize() && size >= rotateBytes;
    }

    /** Whether the period of a file has ended, so no line for it is expected any more (late ones aside). */
    static boolean ended(Path file, Instant now) {
        return FilePeriod.endOf(file).map(end -> !end.isAfter(now)).orElse(false);
    }

    static boolean isPart(Path file) {
        return PART.matcher(file.getFileName().toString()).matches();
    }

    /** The next free part of {@code active} ({@code <stem>.<n>.<rest>}), after every part already in its folder. */
    static Path nextPart(Path active) throws IOException {
        String name = active.getFileName().toString();
        int dot = name.indexOf('.');
        String stem = dot < 0 ? name : name.substring(0, dot);
        String rest = dot < 0 ? "" : name.substring(dot);
        Pattern sibling = Pattern.compile(Pattern.quote(stem) + "\\.(\\d{4,})" + Pattern.quote(rest) + "(\\.gz)?");
        long last = 0;
        try (Stream<Path> siblings = Files.list(active.getParent())) {
            for (Path file : (Iterable<Path>) siblings::iterator) {
                Matcher part = sibling.matcher(file.getFileName().toString());
                if (part.matches()) {
                    last = Math.max(last, Long.parseLong(part.group(1)));
                }
            }
        }
        return active.resolveSibling(String.format("%s.%04d%s", stem, last + 1, rest));
    }
}
