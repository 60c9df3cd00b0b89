import Testing
import GDPlot
