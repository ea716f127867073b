#include "ui/common/page_layout.h"

#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QVBoxLayout>

namespace cnnwb::ui {

QWidget* column(std::initializer_list<QWidget*> widgets)
{
    auto* box = new QWidget;
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    for (QWidget* widget : widgets)
        layout->addWidget(widget, widget == *(widgets.end() - 1) ? 1 : 0);
    return box;
}

QSplitter* pageWithSidePanel(QWidget* main, QWidget* side, int mainStretch, int sideStretch)
{
    auto* scroll = new QScrollArea;
    scroll->setWidget(side);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    // Scroll vertically only: the panel is never narrower than its widest row, so nothing is clipped.
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMinimumWidth(side->sizeHint().width() + scroll->verticalScrollBar()->sizeHint().width());
    auto* splitter = new QSplitter(Qt::Horizontal);
    splitter->addWidget(main);
    splitter->addWidget(scroll);
    splitter->setStretchFactor(0, mainStretch);
    splitter->setStretchFactor(1, sideStretch);
    splitter->setSizes({1000 * mainStretch, 1000 * sideStretch}); // scaled down to the width, keeping the ratio
    splitter->setChildrenCollapsible(false);
    splitter->setContentsMargins(6, 6, 6, 0);
    return splitter;
}

} // namespace cnnwb::ui
