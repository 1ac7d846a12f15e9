/*
 * One language switch for a whole admin form.
 *
 * modeltranslation renders each translated field once per language ("Tiêu đề [vi]",
 * "Tiêu đề [en]"). This puts a switch at the top of the form that shows the fields of one
 * language at a time, for every translated field and inline row at once. It opens on the
 * default language (the one that is required), or on the first language with an error; a
 * language is marked when it lacks a text that another language has, or has an error.
 * Without JavaScript every language stays on the form, labelled by its code.
 */
"use strict";
{
    const FIELD_CLASS = "mt-field-";
    const HIDDEN_CLASS = "content-language-hidden";
    const _ = window.gettext || ((text) => text);
    const ngettext = window.ngettext || ((one, many, count) => (count === 1 ? one : many));
    const interpolate = window.interpolate || ((format, values) => format.replace("%s", values[0]));

    // "title-vi" of "mt-field-title-vi": the field's name and its language.
    function translationOf(input) {
        for (const cls of input.classList) {
            if (cls.startsWith(FIELD_CLASS)) {
                const [field, language] = cls.slice(FIELD_CLASS.length).split("-");
                return {field, language};
            }
        }
        return null;
    }

    // What is shown or hidden with an input: its table cell (and the column's header), or
    // its box on a line of several fields, or its whole row.
    function containersOf(input) {
        const cell = input.closest("td");
        if (cell) {
            const column = [...cell.classList].find((cls) => cls.startsWith("field-"));
            const header = column && cell.closest("table").querySelector(
                `thead th.column-${column.slice("field-".length)}`
            );
            return header ? [cell, header] : [cell];
        }
        return [input.closest(".fieldBox") || input.closest(".form-row")].filter(Boolean);
    }

    function languageName(code) {
        try {
            const name = new Intl.DisplayNames([code], {type: "language"}).of(code);
            return name.charAt(0).toLocaleUpperCase(code) + name.slice(1);
        } catch (error) {
            return code.toUpperCase();
        }
    }

    // "Tiêu đề" of "Tiêu đề [vi]:", from the field's label or, in a table, its column.
    function fieldLabel(input) {
        const label = (input.id && document.querySelector(`label[for="${input.id}"]`))
            || containersOf(input)[1];
        const text = label ? label.textContent : input.name;
        return text.replace(/\s*\[[\w-]+\]\s*:?\s*$/, "").trim();
    }

    function isEmpty(input) {
        return input.value.trim() === "";
    }

    class ContentLanguages {
        constructor(form) {
            this.form = form;
            this.inputs = [];
            this.languages = [];
            this.buttons = new Map();
            this.current = null;
        }

        collect(root) {
            for (const input of root.querySelectorAll("input.mt, textarea.mt, select.mt")) {
                const translation = translationOf(input);
                if (!translation) {
                    continue;
                }
                input.dataset.contentLanguage = translation.language;
                for (const container of containersOf(input)) {
                    container.dataset.contentLanguage = translation.language;
                }
                if (!this.languages.includes(translation.language)) {
                    this.languages.push(translation.language);
                }
                if (input.classList.contains("mt-default")) {
                    this.defaultLanguage ??= translation.language;
                }
                this.inputs.push(input);
            }
        }

        // Inputs grouped by what they translate: "title" of the form, "thrusts-0-title" of an
        // inline row. The empty rows that inlines copy from are left out.
        groups() {
            const groups = new Map();
            for (const input of this.inputs) {
                if (!input.isConnected || input.name.includes("__prefix__")) {
                    continue;
                }
                const language = input.dataset.contentLanguage;
                const key = input.name.slice(0, -(language.length + 1));
                if (!groups.has(key)) {
                    groups.set(key, new Map());
                }
                groups.get(key).set(language, input);
            }
            return groups;
        }

        build() {
            const bar = document.createElement("div");
            bar.className = "content-languages";
            const label = document.createElement("span");
            label.className = "content-languages__label";
            label.id = "content-languages-label";
            label.textContent = _("Language of the texts:");
            const group = document.createElement("div");
            group.setAttribute("role", "group");
            group.setAttribute("aria-labelledby", label.id);
            for (const language of this.languages) {
                const button = document.createElement("button");
                button.type = "button";
                button.className = "content-languages__choice";
                button.dataset.contentLanguageChoice = language;
                const name = document.createElement("span");
                name.lang = language;
                name.textContent = languageName(language);
                const note = document.createElement("span");
                note.className = "content-languages__note";
                button.append(name, note);
                button.addEventListener("click", () => this.show(language));
                group.append(button);
                this.buttons.set(language, button);
            }
            bar.append(label, group);
            const top = this.form.querySelector(":scope > div") || this.form;
            top.prepend(bar);
        }

        show(language) {
            this.current = language;
            for (const element of this.form.querySelectorAll("[data-content-language]")) {
                if (element.matches(".mt")) {
                    continue;
                }
                element.classList.toggle(HIDDEN_CLASS, element.dataset.contentLanguage !== language);
            }
            for (const [code, button] of this.buttons) {
                button.setAttribute("aria-pressed", String(code === language));
            }
        }

        hasError(input) {
            return containersOf(input).some(
                (container) => container.classList.contains("errors") || container.querySelector(".errorlist")
            );
        }

        firstLanguageWithError() {
            const input = this.inputs.find((each) => this.hasError(each));
            return input ? input.dataset.contentLanguage : null;
        }

        // Marks each language lacking a text that another language has, naming the fields.
        mark() {
            const missing = new Map(this.languages.map((language) => [language, []]));
            const errors = new Set();
            for (const inputs of this.groups().values()) {
                const filled = [...inputs.values()].some((input) => !isEmpty(input));
                for (const [language, input] of inputs) {
                    if (filled && isEmpty(input)) {
                        missing.get(language).push(fieldLabel(input));
                    }
                    if (this.hasError(input)) {
                        errors.add(language);
                    }
                }
            }
            for (const [language, button] of this.buttons) {
                const fields = missing.get(language);
                const notes = [];
                if (errors.has(language)) {
                    notes.push(_("has errors"));
                }
                if (fields.length) {
                    notes.push(interpolate(
                        ngettext("%s text missing", "%s texts missing", fields.length),
                        [fields.length]
                    ));
                }
                button.querySelector(".content-languages__note").textContent = notes.join(", ");
                button.classList.toggle("content-languages__choice--missing", fields.length > 0);
                button.classList.toggle("content-languages__choice--errors", errors.has(language));
                button.title = fields.length ? interpolate(_("Missing: %s"), [fields.join(", ")]) : "";
            }
        }

        start() {
            this.collect(this.form);
            if (this.languages.length < 2) {
                return;
            }
            this.build();
            this.show(this.firstLanguageWithError() || this.defaultLanguage || this.languages[0]);
            this.mark();
            this.form.addEventListener("input", () => this.mark());
            // A row an inline adds is a copy of its empty row: tag its fields, show one language.
            document.addEventListener("formset:added", (event) => {
                this.collect(event.target);
                this.show(this.current);
                this.mark();
            });
            document.addEventListener("formset:removed", () => this.mark());
        }
    }

    function init() {
        const form = document.querySelector("#content-main form");
        if (form && form.querySelector(".mt")) {
            new ContentLanguages(form).start();
        }
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
}
