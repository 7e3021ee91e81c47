package io.sensorbridge.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How far a forward's target has acknowledged the files, like Filebeat's registry: per stream of files (a topic's,
 * {@link FilePlace#stream()}), the file it is in, that file's identity on disk, and the byte after the last
 * acknowledged reading. Kept in {@code <followed folder>/.positions/<name>.json}, so it moves with the files and two
 * bridges writing different folders never share one.
 * <p>
 * Saving is atomic and durable: a temporary file is written and forced, renamed over the old one, and the folder
 * forced, so a crash at any moment leaves the old positions or the new ones, never a mix.
 */
final class SavedPositions {

    /** One stream's position: {@code file} relative to the followed folder, its file key, the offset. */
    record Position(String file, String key, long offset) {
    }

    static final String FOLDER = ".positions";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Path temporary;

    SavedPositions(Path followed, String name) {
        this.file = followed.resolve(FOLDER).resolve(name + ".json");
        this.temporary = file.resolveSibling(name + ".json.tmp");
    }

    Path file() {
        return file;
    }

    /** The saved positions by stream; null when none were ever saved (a forward's first start). */
    Map<String, Position> load() throws IOException {
        JsonNode saved;
        try {
            saved = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException neverSaved) {
            return null;
        } catch (JsonProcessingException unreadable) {
            throw new IOException(file + " is not readable JSON (" + unreadable.getOriginalMessage()
                                  + "): move it away to start this forward at the end of the files", unreadable);
        }
        Map<String, Position> positions = new LinkedHashMap<>();
        saved.path("streams").fields().forEachRemaining(stream -> positions.put(stream.getKey(), new Position(
                stream.getValue().path("file").asText(), stream.getValue().path("key").asText(),
                stream.getValue().path("offset").asLong())));
        return positions;
    }

    void save(Map<String, Position> positions) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("savedAt", Instant.now().toString());
        ObjectNode streams = root.putObject("streams");
        positions.forEach((stream, position) -> streams.putObject(stream).put("file", position.file())
                .put("key", position.key()).put("offset", position.offset()));
        Files.createDirectories(file.getParent());
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(JSON.writeValueAsBytes(root));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(false);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Compression.forceFolder(file.getParent());
    }
}
