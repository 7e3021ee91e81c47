package io.sensorbridge.files;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What the bridge derives from a topic or a file name (its folder, its line's start, its checked path), computed
 * once per name: a reading costs a look-up. Bounded: past {@value #MAX} names (a {@code #} subscription may see
 * any number of topics) it forgets them all and starts again.
 */
final class RecentNames<V> {

    static final int MAX = 4096;

    private final Map<String, V> values = new ConcurrentHashMap<>();
    private final Function<String, V> derive;

    RecentNames(Function<String, V> derive) {
        this.derive = derive;
    }

    V get(String name) {
        V value = values.get(name);
        if (value == null) {
            value = derive.apply(name);
            if (values.size() >= MAX) {
                values.clear();
            }
            values.put(name, value);
        }
        return value;
    }
}
