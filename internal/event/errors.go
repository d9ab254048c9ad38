package event

import (
	"fmt"

	"healthgrid/internal/apperr"
)

// statusLabel and actionLabel name statuses and actions the way a 卫健委
// officer reads them, for the reasons a refused action gives.
var statusLabel = map[string]string{
	Reported: "待受理", Registered: "已立案", NotAccepted: "不予受理", Merged: "已合并", Dispatched: "处置中",
	SelfHandling: "网格自处置", PendingVerify: "待核查", Closed: "已结案", Evaluated: "已评价", Suspended: "缓办中",
	TaskSummoned: "待报到", TaskAccepted: "已签收", TaskReturned: "已回退", TaskHandled: "已处置",
}

var actionLabel = map[string]string{
	"register": "立案", "reject": "不予受理", "merge": "合并", "dispatch": "派遣", "self_handle": "网格自处置",
	"whistle": "吹哨", "report_in": "报到", "accept": "签收", "return": "回退", "handle": "处置反馈",
	"extend": "申请延期", "approve_extension": "批准延期", "deny_extension": "驳回延期", "verify": "核查结案",
	"reopen": "返工", "evaluate": "评价", "suspend": "缓办", "resume": "恢复办理", "supervise": "督办", "escalate": "上报上级",
}

func unknownAction(a string) error {
	return apperr.Field("body.action", "未知的操作 / unknown action "+a)
}

func notNow(action, status string) error {
	return fmt.Errorf("事件状态为「%s」,不能%s / %s is not allowed while the event is %s: %w",
		statusLabel[status], actionLabel[action], action, status, apperr.ErrConflict)
}

func notYours(action string) error {
	return fmt.Errorf("您无权对此事件%s / you may not %s this event: %w", actionLabel[action], action, apperr.ErrForbidden)
}

func taskNotNow(action string, t *Task) error {
	status, label := t.Status, statusLabel[t.Status]
	switch {
	case t.Status == TaskDispatched:
		label = "待签收"
	case t.ExtensionDeadline != nil:
		status, label = "awaiting an extension decision", "延期待审批"
	case action == "approve_extension" || action == "deny_extension":
		status, label = "without an extension request", label+"(无延期申请)"
	}
	return fmt.Errorf("任务状态为「%s」,不能%s / %s is not allowed on a task that is %s: %w",
		label, actionLabel[action], action, status, apperr.ErrConflict)
}

func required(field, what string) error {
	return apperr.Field("body."+field, what+"不能为空 / "+field+" is required")
}
