  // Shared by the view and the explorer. Text from articles reaches the page only through
  // textContent (never innerHTML), so a name or a quote can never become markup.
  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function plural(count, one, many) {
    return count + " " + (count === 1 ? one : many);
  }

  function swatch(kind) {
    const mark = element("span", "swatch shape-" + kind.shape);
    mark.style.backgroundColor = kind.color;
    return mark;
  }

  function statementItem(statement) {
    const text = statement.speaker ? statement.speaker + ": " + statement.text : statement.text;
    const item = element("li", null, text);
    const direct = statement.mode === "direct quote";
    item.append(element("span", direct ? "mode direct" : "mode", statement.mode));
    if (statement.source) item.append(element("span", "source", statement.source));
    return item;
  }

  function placeTooltip(tooltip, stage, card, pointer) {
    tooltip.replaceChildren(card);
    tooltip.hidden = false;
    const width = tooltip.offsetWidth;
    const height = tooltip.offsetHeight;
    const left = pointer.x + 16 + width > stage.clientWidth ? pointer.x - width - 16 : pointer.x + 16;
    const top = Math.min(pointer.y + 16, stage.clientHeight - height - 8);
    tooltip.style.left = Math.max(4, left) + "px";
    tooltip.style.top = Math.max(4, top) + "px";
  }

  function fillRelationLegend(list, relations) {
    for (const relation of relations) {
      const item = element("li");
      const line = element("span", relation.dashes ? "line dashed" : "line");
      line.style.borderTopColor = relation.color;
      item.append(line, element("span", null, relation.name));
      list.append(item);
    }
  }
