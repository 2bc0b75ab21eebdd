package dev.cairn.app.gui;

import com.sun.javafx.scene.input.DragboardHelper;
import com.sun.javafx.tk.TKClipboard;
import java.io.File;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.event.Event;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.image.Image;
import javafx.scene.input.DataFormat;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.PickResult;
import javafx.scene.input.TransferMode;
import javafx.util.Pair;

/**
 * Simulates files dragged in from the system file manager: a real {@link Dragboard} holding the
 * files, and the DRAG_OVER then DRAG_DROPPED events the platform would deliver to the node under
 * the pointer. The headless glass platform has no external drag source, so the drag board is built
 * on JavaFX's own clipboard peer interface. Call on the FX thread.
 */
final class FileDrop {
  private FileDrop() {}

  /**
   * Drops {@code paths} on the centre of {@code target}.
   *
   * @return whether the target accepted the drag and reported the drop completed (event copies
   *     share their state, so the originals see what the handlers did)
   */
  static boolean drop(Node target, List<Path> paths) {
    Dragboard board = DragboardHelper.createDragboard(new FileClipboard(paths));
    Bounds b = target.localToScene(target.getBoundsInLocal());
    Point2D scene = new Point2D(b.getCenterX(), b.getCenterY());
    Point2D screen = target.localToScreen(target.sceneToLocal(scene));
    double sx = screen == null ? scene.getX() : screen.getX();
    double sy = screen == null ? scene.getY() : screen.getY();
    PickResult pick = new PickResult(target, scene.getX(), scene.getY());
    DragEvent over =
        new DragEvent(
            null,
            target,
            DragEvent.DRAG_OVER,
            board,
            scene.getX(),
            scene.getY(),
            sx,
            sy,
            TransferMode.COPY,
            null,
            target,
            pick);
    Event.fireEvent(target, over);
    DragEvent dropped =
        new DragEvent(
            null,
            target,
            DragEvent.DRAG_DROPPED,
            board,
            scene.getX(),
            scene.getY(),
            sx,
            sy,
            TransferMode.COPY,
            null,
            target,
            pick);
    Event.fireEvent(target, dropped);
    return over.isAccepted() && dropped.isDropCompleted();
  }

  /** A drag board peer that holds a list of files, as the platform's would for a file drag. */
  private static final class FileClipboard implements TKClipboard {
    private final Map<DataFormat, Object> content = new HashMap<>();
    private Image view;
    private double offsetX;
    private double offsetY;

    FileClipboard(List<Path> paths) {
      List<File> files = paths.stream().map(Path::toFile).toList();
      content.put(DataFormat.FILES, files);
      content.put(
          DataFormat.PLAIN_TEXT, String.join("\n", paths.stream().map(Path::toString).toList()));
    }

    @Override
    public Set<DataFormat> getContentTypes() {
      return content.keySet();
    }

    @SafeVarargs
    @Override
    public final boolean putContent(Pair<DataFormat, Object>... pairs) {
      for (Pair<DataFormat, Object> p : pairs) {
        content.put(p.getKey(), p.getValue());
      }
      return true;
    }

    @Override
    public Object getContent(DataFormat format) {
      return content.get(format);
    }

    @Override
    public boolean hasContent(DataFormat format) {
      return content.containsKey(format);
    }

    @Override
    public Set<TransferMode> getTransferModes() {
      return EnumSet.of(TransferMode.COPY, TransferMode.LINK);
    }

    @Override
    public void setDragView(Image image) {
      view = image;
    }

    @Override
    public void setDragViewOffsetX(double x) {
      offsetX = x;
    }

    @Override
    public void setDragViewOffsetY(double y) {
      offsetY = y;
    }

    @Override
    public Image getDragView() {
      return view;
    }

    @Override
    public double getDragViewOffsetX() {
      return offsetX;
    }

    @Override
    public double getDragViewOffsetY() {
      return offsetY;
    }
  }
}
