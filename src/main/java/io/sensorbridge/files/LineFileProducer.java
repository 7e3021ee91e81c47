package io.sensorbridge.files;

import java.nio.file.Path;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * Hands the body to the shared writer and lets the exchange go on only once the line is written: the Paho
 * callback thread is free for the next message meanwhile.
 */
class LineFileProducer extends DefaultAsyncProducer {

    /** CamelFileName -> the file it names, checked: a reading costs a look-up, not a path resolution. */
    private final RecentNames<Path> files = new RecentNames<>(this::resolve);

    LineFileProducer(LineFileEndpoint endpoint) {
        super(endpoint);
    }

    /** A folder written to is the writer's to complete (rotation, compression, retention); one only read is not. */
    @Override
    protected void doStart() throws Exception {
        super.doStart();
        getEndpoint().getComponent().writer().manage(getEndpoint().directory());
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        try {
            Path file = fileFor(exchange);
            byte[] line = lineOf(exchange);
            byte[] header = null;
            if (getEndpoint().format() == LineFormat.CSV) {
                line = CsvLines.record(line);
                header = CsvLines.HEADER;
            }
            getEndpoint().getComponent().writer().append(file, header, line, failure -> {
                if (failure != null) {
                    exchange.setException(failure);
                }
                callback.done(false);
            });
            return false;
        } catch (Exception e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
    }

    private Path fileFor(Exchange exchange) {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class);
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("linefile: needs the CamelFileName header");
        }
        return files.get(name);
    }

    private Path resolve(String name) {
        Path directory = getEndpoint().directory();
        Path file = directory.resolve(name).normalize();
        if (!file.startsWith(directory) || file.equals(directory)) {
            throw new IllegalArgumentException("linefile: refuses a file outside " + directory + ": " + name);
        }
        if (getEndpoint().format() == LineFormat.CSV) {
            file = file.resolveSibling(file.getFileName().toString().replaceFirst("\\.jsonl$", "") + ".csv");
        }
        return file;
    }

    private static byte[] lineOf(Exchange exchange) {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        if (body == null) {
            throw new IllegalArgumentException("linefile: the body is empty");
        }
        for (byte b : body) {
            if (b == '\n' || b == '\r') {
                throw new IllegalArgumentException("linefile: the body must be one line of text");
            }
        }
        return body;
    }

    @Override
    public LineFileEndpoint getEndpoint() {
        return (LineFileEndpoint) super.getEndpoint();
    }
}
