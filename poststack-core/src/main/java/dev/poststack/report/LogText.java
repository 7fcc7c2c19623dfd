package dev.poststack.report;

import dev.poststack.api.BuildEvent;
import dev.poststack.api.BuildEvent.ImageFailed;
import dev.poststack.api.BuildEvent.ImageFinished;
import dev.poststack.api.BuildEvent.ImageSkipped;
import dev.poststack.api.BuildEvent.ImageStarted;
import dev.poststack.api.BuildEvent.LayerFinished;
import dev.poststack.api.BuildEvent.OutputLine;
import dev.poststack.api.BuildEvent.RunFinished;
import dev.poststack.api.BuildEvent.StepFinished;
import dev.poststack.api.BuildEvent.StepStarted;

/** How each event reads in a per-image log: complete, unabridged, one line. */
final class LogText {

    /** Marks builder output, so it stands apart from poststack's own lines. */
    static final String OUTPUT = "| ";

    private LogText() {
    }

    static String of(BuildEvent event) {
        if (event instanceof OutputLine output) {
            return OUTPUT + output.line();
        }
        if (event instanceof ImageStarted started) {
            return "image started: backend " + Format.lower(started.backend()) + ", fingerprint "
                    + started.fingerprint();
        }
        if (event instanceof StepStarted step) {
            return "step " + step.index() + "/" + step.total() + " started: " + Format.oneLine(step.instruction());
        }
        if (event instanceof StepFinished step) {
            return "step " + step.index() + " finished: cache " + Format.lower(step.cache()) + ", "
                    + Format.seconds(step.duration());
        }
        if (event instanceof LayerFinished layer) {
            return "layer " + layer.layer() + " finished: cache " + Format.lower(layer.cache()) + ", "
                    + Format.seconds(layer.duration());
        }
        if (event instanceof ImageFinished finished) {
            return "image " + Format.lower(finished.status()) + ": " + finished.imageId() + ", "
                    + finished.sizeBytes() + " bytes, " + finished.layerCount() + " layers, "
                    + Format.seconds(finished.wall());
        }
        if (event instanceof ImageFailed failed) {
            return "image failed after " + Format.seconds(failed.wall()) + ": " + failed.message()
                    + (failed.step() == null ? "" : " at " + failed.step())
                    + (failed.instruction() == null ? "" : ": " + Format.oneLine(failed.instruction()));
        }
        if (event instanceof ImageSkipped skipped) {
            return "image skipped: " + skipped.reason();
        }
        if (event instanceof BuildEvent.ImagePushed pushed) {
            return "pushed to " + pushed.reference() + "@" + pushed.digest() + ": " + pushed.bytesSent()
                    + " bytes sent, " + pushed.bytesSkipped() + " bytes the registry had, "
                    + Format.seconds(pushed.wall());
        }
        if (event instanceof BuildEvent.PushFailed failed) {
            return "push to " + failed.reference() + " failed after " + Format.seconds(failed.wall()) + ": "
                    + failed.message();
        }
        RunFinished run = (RunFinished) event;
        return "run finished in " + Format.seconds(run.wall());
    }
}
