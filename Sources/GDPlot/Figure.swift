/// Placeholder until the plotting module lands.
public enum GDPlotModule {}
