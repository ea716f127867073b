#include "ui/app/guided_tour.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QPushButton>
#include <QVBoxLayout>

namespace cnnwb::ui {

GuidedTour::GuidedTour(QWidget* window, std::vector<Step> steps)
    : QWidget(window)
    , m_steps(std::move(steps))
    , m_bubble(new QWidget(this))
    , m_title(new QLabel)
    , m_text(new QLabel)
    , m_counter(new QLabel)
    , m_back(new QPushButton(tr("Back")))
    , m_next(new QPushButton(tr("Next")))
    , m_skip(new QPushButton(tr("Skip Tour")))
{
    setObjectName(QStringLiteral("guidedTour"));
    setAttribute(Qt::WA_DeleteOnClose);
    setFocusPolicy(Qt::StrongFocus);
    m_bubble->setObjectName(QStringLiteral("tourBubble"));
    m_bubble->setAutoFillBackground(true);
    m_bubble->setStyleSheet(QStringLiteral(
        "#tourBubble { background: palette(base); border: 2px solid palette(highlight); border-radius: 8px; }"));
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    m_title->setFont(titleFont);
    m_text->setWordWrap(true);
    m_text->setMinimumWidth(320);
    m_text->setMaximumWidth(420);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_counter);
    buttons->addStretch(1);
    buttons->addWidget(m_skip);
    buttons->addWidget(m_back);
    buttons->addWidget(m_next);
    auto* layout = new QVBoxLayout(m_bubble);
    layout->addWidget(m_title);
    layout->addWidget(m_text);
    layout->addLayout(buttons);
    m_next->setDefault(true);
    connect(m_next, &QPushButton::clicked, this, [this] {
        if (m_step + 1 < stepCount())
            show(m_step + 1);
        else
            end(true);
    });
    connect(m_back, &QPushButton::clicked, this, [this] { show(std::max(0, m_step - 1)); });
    connect(m_skip, &QPushButton::clicked, this, [this] { end(false); });
    window->installEventFilter(this);
}

void GuidedTour::start()
{
    setGeometry(parentWidget()->rect());
    QWidget::show();
    raise();
    setFocus();
    show(0);
}

QString GuidedTour::currentTitle() const
{
    return m_title->text();
}

void GuidedTour::show(int step)
{
    if (step < 0 || step >= stepCount())
        return;
    m_step = step;
    const Step& s = m_steps[static_cast<std::size_t>(step)];
    if (s.prepare)
        s.prepare();
    m_title->setText(s.title);
    m_text->setText(s.text);
    m_counter->setText(tr("%1 of %2").arg(step + 1).arg(stepCount()));
    m_back->setEnabled(step > 0);
    m_next->setText(step + 1 < stepCount() ? tr("Next") : tr("Finish"));
    place();
}

void GuidedTour::place()
{
    if (m_step < 0)
        return;
    setGeometry(parentWidget()->rect());
    QWidget* target = m_steps[static_cast<std::size_t>(m_step)].target
        ? m_steps[static_cast<std::size_t>(m_step)].target()
        : nullptr;
    m_highlight = target != nullptr && target->isVisible()
        ? QRect(target->mapTo(parentWidget(), QPoint(0, 0)), target->size()).adjusted(-4, -4, 4, 4)
        : QRect();
    m_bubble->adjustSize();
    const QSize bubble = m_bubble->size();
    QPoint at;
    if (m_highlight.isEmpty()) {
        at = rect().center() - QPoint(bubble.width() / 2, bubble.height() / 2);
    } else if (m_highlight.right() + 16 + bubble.width() <= width()) { // beside it, on the right
        at = QPoint(m_highlight.right() + 16, m_highlight.top());
    } else if (m_highlight.left() - 16 - bubble.width() >= 0) { // on the left
        at = QPoint(m_highlight.left() - 16 - bubble.width(), m_highlight.top());
    } else { // over the panel, near its bottom
        at = QPoint(m_highlight.center().x() - bubble.width() / 2, m_highlight.bottom() - bubble.height() - 16);
    }
    at.setX(std::clamp(at.x(), 8, std::max(8, width() - bubble.width() - 8)));
    at.setY(std::clamp(at.y(), 8, std::max(8, height() - bubble.height() - 8)));
    m_bubble->move(at);
    update();
}

void GuidedTour::end(bool completed)
{
    parentWidget()->removeEventFilter(this);
    Q_EMIT finished(completed);
    close();
}

void GuidedTour::paintEvent(QPaintEvent* /*event*/)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    QPainterPath dim;
    dim.addRect(rect());
    if (!m_highlight.isEmpty()) {
        QPainterPath hole;
        hole.addRoundedRect(m_highlight, 6, 6);
        dim = dim.subtracted(hole);
    }
    painter.fillPath(dim, QColor(0, 0, 0, 120));
    if (!m_highlight.isEmpty()) {
        painter.setPen(QPen(palette().color(QPalette::Highlight), 3));
        painter.drawRoundedRect(m_highlight, 6, 6);
    }
}

bool GuidedTour::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == parentWidget() && event->type() == QEvent::Resize)
        place();
    return QWidget::eventFilter(watched, event);
}

void GuidedTour::keyPressEvent(QKeyEvent* event)
{
    if (event->key() == Qt::Key_Escape) {
        end(false);
        return;
    }
    QWidget::keyPressEvent(event);
}

} // namespace cnnwb::ui
