package dev.poststack.api;

/** How an image ended in a build run. */
public enum ImageStatus {
    /** Built in this run. */
    BUILT,
    /** Unchanged inputs and present in the engine: nothing was built. */
    CACHED,
    /** An image from a registry ({@code from:} outside the manifest), pulled into the engine in this run. */
    PULLED,
    /** Its build failed. */
    FAILED,
    /** Not built: a parent failed, or it was not needed. */
    SKIPPED
}
