package dev.cairn.chat.embed;

import dev.cairn.chat.llama.OllamaCalls;
import io.github.ollama4j.Ollama;
import io.github.ollama4j.models.embed.OllamaEmbedRequest;
import io.github.ollama4j.models.embed.OllamaEmbedResult;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Ollama server's {@code /api/embed} through ollama4j, with batched inputs, a per-request
 * timeout, retries with back-off, and checks on what comes back (count, dimensions, finite
 * numbers). Texts are truncated on the client with the spec's bundled tokenizer, so truncation is
 * reported exactly as on the local runtimes.
 *
 * <p>The model id is {@code "ollama:" + name}: Cairn cannot prove which weights a server uses.
 */
final class OllamaEmbedder extends LocalEmbedder {

  private static final Logger LOG = LoggerFactory.getLogger(OllamaEmbedder.class);

  private final Ollama client;
  private final URI host;
  private final String model;
  private final Duration timeout;
  private final int retries;
  private final OllamaCalls calls = new OllamaCalls("cairn-ollama-embed");

  private OllamaEmbedder(
      TextTokenizer tok, EmbeddingModelInfo info, EmbedderSpec spec, Ollama client) {
    super(tok, info, spec.batchSize());
    this.client = client;
    this.host = spec.ollamaHost();
    this.model = spec.ollamaModel();
    this.timeout = spec.timeout();
    this.retries = spec.retries();
  }

  /**
   * Connects and embeds a probe text to learn the dimensions.
   *
   * @throws EmbeddingServerException when the server is down, slow or answers garbage
   */
  static OllamaEmbedder open(ModelFiles tokenizerSource, EmbedderSpec spec)
      throws EmbeddingException {
    TextTokenizer tok = TextTokenizer.load(tokenizerSource);
    Ollama client = new Ollama(spec.ollamaHost().toString());
    client.setRequestTimeoutSeconds(Math.max(1, spec.timeout().toSeconds()));
    EmbeddingModelInfo probeInfo =
        new EmbeddingModelInfo(
            "ollama:" + spec.ollamaModel(),
            spec.ollamaModel(),
            1,
            tokenizerSource.maxTokens(),
            Pooling.SERVER_DEFINED,
            "ollama " + spec.ollamaHost());
    OllamaEmbedder probe = new OllamaEmbedder(tok, probeInfo, spec, client);
    int dims;
    try {
      dims = probe.request(List.of("probe"), -1).getFirst().length;
    } finally {
      probe.calls.close();
    }
    EmbeddingModelInfo info =
        new EmbeddingModelInfo(
            probeInfo.modelId(),
            probeInfo.displayName(),
            dims,
            probeInfo.maxTokens(),
            Pooling.SERVER_DEFINED,
            probeInfo.runtime());
    return new OllamaEmbedder(tok, info, spec, client);
  }

  @Override
  protected float[][] embedBatch(int[] idx, WordPieceTokenizer.Encoding[] enc)
      throws EmbeddingException {
    List<String> inputs = new ArrayList<>(idx.length);
    for (int i : idx) {
      inputs.add(enc[i].keptText());
    }
    List<float[]> v = request(inputs, info.dimensions());
    return v.toArray(new float[0][]);
  }

  private List<float[]> request(List<String> inputs, int expectedDims) throws EmbeddingException {
    EmbeddingServerException last = null;
    for (int attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) {
        try {
          Thread.sleep(Math.min(2000, 200L << attempt));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new EmbeddingCancelledException(0, inputs.size());
        }
      }
      OllamaEmbedRequest req = new OllamaEmbedRequest(model, inputs);
      req.setTruncate(true);
      OllamaCalls.Outcome<OllamaEmbedResult> out = calls.call(() -> client.embed(req), timeout);
      switch (out.failure()) {
        case null -> {
          return validate(out.value(), inputs.size(), expectedDims);
        }
        case OllamaCalls.Interrupted i -> throw new EmbeddingCancelledException(0, inputs.size());
        case OllamaCalls.Timeout t ->
            last =
                new EmbeddingServerException(
                    host,
                    true,
                    "Ollama at " + host + " did not answer /api/embed within " + t.after(),
                    null);
        case OllamaCalls.Failed f -> {
          boolean timedOut =
              f.cause() instanceof java.net.http.HttpTimeoutException
                  || String.valueOf(f.cause().getMessage()).toLowerCase().contains("timed out");
          last =
              new EmbeddingServerException(
                  host,
                  timedOut,
                  "Ollama at "
                      + host
                      + " failed on /api/embed (model "
                      + model
                      + "): "
                      + f.cause().getMessage(),
                  f.cause());
        }
      }
      LOG.debug("Ollama embed attempt {} failed: {}", attempt + 1, last.getMessage());
    }
    throw last;
  }

  private List<float[]> validate(OllamaEmbedResult r, int n, int expectedDims)
      throws EmbeddingServerException {
    if (r == null || r.getEmbeddings() == null) {
      throw garbage("no embeddings in the response");
    }
    if (r.getEmbeddings().size() != n) {
      throw garbage(r.getEmbeddings().size() + " embeddings for " + n + " inputs");
    }
    List<float[]> out = new ArrayList<>(n);
    for (List<Double> e : r.getEmbeddings()) {
      if (e == null || e.isEmpty()) {
        throw garbage("an empty embedding");
      }
      if (expectedDims > 0 && e.size() != expectedDims) {
        throw garbage(
            "an embedding of " + e.size() + " dimensions where " + expectedDims + " were expected");
      }
      float[] v = new float[e.size()];
      for (int i = 0; i < v.length; i++) {
        Double d = e.get(i);
        if (d == null || !Double.isFinite(d)) {
          throw garbage("a non-finite value at dimension " + i);
        }
        v[i] = d.floatValue();
      }
      out.add(v);
    }
    return out;
  }

  private EmbeddingServerException garbage(String what) {
    return new EmbeddingServerException(
        host, false, "Ollama at " + host + " returned an invalid /api/embed answer: " + what, null);
  }

  @Override
  protected void release() {
    calls.close();
  }
}
