package dev.poststack.api;

/** Whether a step, layer or image was reused ({@code HIT}) or produced anew ({@code MISS}). */
public enum CacheResult {
    HIT,
    MISS;

    public static CacheResult of(boolean hit) {
        return hit ? HIT : MISS;
    }
}
