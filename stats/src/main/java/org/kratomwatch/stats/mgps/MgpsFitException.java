package org.kratomwatch.stats.mgps;

/**
 * Thrown by {@link MgpsFitter#fit} when the maximum-likelihood hyperparameters cannot be found: the
 * data cannot identify a two-component prior (for example every pair has the same count), the
 * likelihood keeps increasing towards the edge of the parameter space (no interior maximum), no
 * starting point leads anywhere, or the optimiser does not converge within its limits. The message
 * says which, in words, with the numbers involved. The counterpart of openEBGM's
 * {@code autoHyper} error "consistent convergence failed".
 */
public class MgpsFitException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MgpsFitException(String message) {
        super(message);
    }

    public MgpsFitException(String message, Throwable cause) {
        super(message, cause);
    }
}
