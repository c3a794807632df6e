package org.kratomwatch.report.view;

import java.util.List;
import org.kratomwatch.report.chart.TrendPanel;

/** The time trends of one signal: a panel per measure. */
public record TrendView(String title, List<TrendPanel> panels) {

    public TrendView {
        panels = List.copyOf(panels);
    }
}
