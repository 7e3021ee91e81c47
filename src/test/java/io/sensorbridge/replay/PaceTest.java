package io.sensorbridge.replay;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** When each reading of a replay is due (times in ms of recording, nanoseconds of replay). */
class PaceTest {

    private static final long MS = 1_000_000;
    private static final long START = 5_000 * MS;

    @Test
    void should_count_every_send_from_the_start_so_a_late_one_does_not_push_back_the_rest() {
        Pace pace = new Pace(1, null);

        assertEquals(START, pace.dueNanos(1_000, START));
        // the second send happens 300 ms late: the third is still due 2 s after the start, not 2.3 s
        assertEquals(START + 1_000 * MS, pace.dueNanos(2_000, START + 1_300 * MS));
        assertEquals(START + 2_000 * MS, pace.dueNanos(3_000, START + 1_310 * MS));
    }

    @Test
    void should_start_the_schedule_when_the_first_reading_has_gone_out() {
        Pace pace = new Pace(1, null);
        pace.dueNanos(1_000, START);

        pace.firstSent(START + 1_300 * MS); // connecting to the target took a while

        assertEquals(START + 2_300 * MS, pace.dueNanos(2_000, START + 1_300 * MS), "the first gap is kept whole");
    }

    @Test
    void should_scale_the_recording_by_the_speed() {
        Pace pace = new Pace(60, null);

        pace.dueNanos(0, START);

        assertEquals(START + 60_000 * MS, pace.dueNanos(3_600_000, START), "an hour a minute");
    }

    @Test
    void should_send_a_reading_a_little_out_of_order_at_once() {
        Pace pace = new Pace(1, null);
        pace.dueNanos(10_000, START);
        pace.dueNanos(12_000, START + 2_000 * MS);

        long now = START + 2_001 * MS;
        assertEquals(now, pace.dueNanos(11_500, now), "a redelivery written after a later reading");
        assertEquals(START + 3_000 * MS, pace.dueNanos(13_000, now), "and the schedule goes on as it was");
    }

    @Test
    void should_cut_a_silence_longer_than_max_gap_and_move_the_rest_up() {
        Pace pace = new Pace(1, Duration.ofSeconds(2));
        pace.dueNanos(0, START);
        pace.dueNanos(1_000, START);

        assertEquals(START + 3_000 * MS, pace.dueNanos(8 * 3_600_000, START), "a night's silence lasts 2 s");
        assertEquals(START + 4_000 * MS, pace.dueNanos(8 * 3_600_000 + 1_000, START), "then the recorded pace");
    }

    @Test
    void should_apply_max_gap_after_the_speed() {
        Pace pace = new Pace(10, Duration.ofSeconds(1));
        pace.dueNanos(0, START);

        assertEquals(START + 500 * MS, pace.dueNanos(5_000, START), "5 s at 10x is 0.5 s: not cut");
        assertEquals(START + 1_500 * MS, pace.dueNanos(25_000, START), "20 s at 10x is 2 s: cut to 1 s");
    }

    @Test
    void should_make_everything_due_at_once_at_max_speed() {
        Pace pace = new Pace(Double.POSITIVE_INFINITY, Duration.ofSeconds(1));
        pace.dueNanos(0, START);

        assertEquals(START, pace.dueNanos(3_600_000, START));
    }
}
