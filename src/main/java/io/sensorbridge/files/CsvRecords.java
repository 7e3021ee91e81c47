package io.sensorbridge.files;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CSV records (RFC 4180) one at a time: a quoted field may hold commas, doubled quotes and line ends, so a
 * record is not always one line. CR LF and LF both end a record.
 */
public final class CsvRecords {

    private final Reader in;
    private int next;

    public CsvRecords(Reader in) throws IOException {
        this.in = in;
        this.next = in.read();
    }

    /** The next record's fields, or null at the end. */
    public List<String> next() throws IOException {
        if (next < 0) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        while (next >= 0) {
            int c = next;
            next = in.read();
            if (quoted) {
                if (c == '"' && next == '"') {
                    field.append('"');
                    next = in.read();
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append((char) c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '\n') {
                break;
            } else if (c != '\r') {
                field.append((char) c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}
