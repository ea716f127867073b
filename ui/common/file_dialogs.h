#pragma once

#include <QString>

#include <functional>

class QWidget;

namespace cnnwb::ui {

/// The window's file dialogs, in one place so that tests can answer them all with a path.
class FileDialogs {
public:
    /// Gets the title and the suggested path, returns the chosen path or an empty string for Cancel.
    using Hook = std::function<QString(const QString& title, const QString& suggested)>;

    explicit FileDialogs(QWidget* parent)
        : m_parent(parent)
    {
    }

    void setHook(Hook hook) { m_hook = std::move(hook); }

    [[nodiscard]] QString savePath(const QString& title, const QString& suggested, const QString& filter) const;
    [[nodiscard]] QString openPath(const QString& title, const QString& folder, const QString& filter) const;
    [[nodiscard]] QString folder(const QString& title, const QString& start) const;

private:
    QWidget* m_parent;
    Hook m_hook;
};

} // namespace cnnwb::ui
