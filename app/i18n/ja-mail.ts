// The wording of the e-mails (subjects, bodies, buttons): read on the server only, so the browser's
// catalog (ja.ts) leaves it out. Same rules as ja.ts: en-mail.ts must match it (checked by tsc).
export const jaMail = {
  "mail.alreadyRegistered.subject": "【ねりま協働ラボ】このメールアドレスは登録済みです",
  "mail.alreadyRegistered.body":
    "このメールアドレスで新しく登録しようとする操作がありました。このアドレスは、すでにねりま協働ラボに登録されています。\n\nご本人の操作でしたら、いつものパスワードでログインしてください。パスワードを忘れたときは、下のボタンから再設定できます。\n\nお心当たりがなければ、このメールは捨ててください。アカウントは何も変わっていません。",
  "mail.alreadyRegistered.button": "パスワードを再設定する",
  "mail.greeting": "{name} 様",
  "mail.footer": "このメールに心当たりがない場合は、このまま削除してください。ねりま協働ラボ（練馬区）",
  "mail.verify.subject": "【ねりま協働ラボ】メールアドレスの確認",
  "mail.verify.body":
    "ねりま協働ラボへのご登録ありがとうございます。下のボタンを押して、メールアドレスの確認を完了してください。",
  "mail.verify.button": "メールアドレスを確認する",
  "mail.verify.expires": "このリンクの有効期限は{hours}時間です。",
  "mail.reset.subject": "【ねりま協働ラボ】パスワードの再設定",
  "mail.reset.body": "パスワードの再設定を受け付けました。下のボタンから新しいパスワードを設定してください。",
  "mail.reset.button": "パスワードを再設定する",
  "mail.change.subject": "【ねりま協働ラボ】新しいメールアドレスの確認",
  "mail.change.body": "メールアドレスの変更を受け付けました。下のボタンを押すと、このアドレスに変更されます。",
  "mail.change.button": "このアドレスに変更する",
  "mail.linkFallback": "ボタンが使えない場合は、次のアドレスをブラウザに貼り付けてください：",
  "mail.dear": "ご担当者 様",
  "mail.orgInvitation.subject": "【ねりま協働ラボ】「{org}」への招待",
  "mail.orgInvitation.body":
    "「{org}」の{inviter}さんから、メンバーとして招待されました。下のボタンから招待を受けてください。まだ登録していない方は、このメールアドレスで新規登録してから招待を受けられます。",
  "mail.orgInvitation.button": "招待を確認する",
  "mail.orgInvitation.expires": "この招待の有効期限は7日間です。",
  "mail.orgVerified.subject": "【ねりま協働ラボ】「{org}」が認証されました",
  "mail.orgVerified.body": "区が「{org}」の登録内容を確認し、認証しました。これで提案の代表団体になることができます。",
  "mail.orgVerified.button": "団体のページを見る",
  "mail.orgReturned.subject": "【ねりま協働ラボ】「{org}」の登録内容について",
  "mail.orgReturned.body":
    "区から「{org}」の登録内容について次のメッセージがあります。内容を直して保存すると、もう一度確認されます。\n\n{note}",
  "mail.orgReturned.button": "登録内容を直す",
  "mail.requestReceived.subject": "【ねりま協働ラボ】「{from}」からパートナーの申し込み",
  "mail.requestReceived.body": "「{to}」あてに、「{from}」からパートナーの申し込みが届きました。\n\n{message}",
  "mail.requestReceived.button": "申し込みを見て返事をする",
  "mail.requestReply.subject": "【ねりま協働ラボ】「{from}」から返信がありました",
  "mail.requestReply.body": "「{from}」から返信が届きました。\n\n{message}",
  "mail.requestReply.button": "やりとりを見る",
  "mail.requestDecided.subject": "【ねりま協働ラボ】申し込みへの返事：{status}",
  "mail.requestDecided.body": "「{to}」が、「{from}」からの申し込みに返事をしました：{status}",
  "mail.requestDecided.button": "やりとりを見る",
  "mail.themePublished.subject": "【ねりま協働ラボ】新しい募集テーマ：{title}",
  "mail.themePublished.body": "登録いただいた分野・コースに合う募集テーマ「{title}」が公開されました。",
  "mail.themePublished.deadline": "締切：{date}",
  "mail.themePublished.button": "募集テーマを見る",
  "mail.themePublished.why": "このメールは、マイページでお知らせを希望された方にお送りしています。",
  "mail.themePublished.unsubscribe": "配信を停止する（ログイン不要）",
  "mail.consultation.subject": "【ねりま協働ラボ】事前相談：{subject}",
  "mail.consultation.body": "事前相談「{subject}」に新しいメッセージがあります。\n\n{message}",
  "mail.consultation.button": "相談を見る",
  "mail.proposalInvitation.subject": "【ねりま協働ラボ】共同提案への参加のお願い（{lead}）",
  "mail.proposalInvitation.body":
    "「{lead}」から「{org}」へ、募集テーマ「{theme}」の共同提案に参加してほしいという依頼が届きました。代表者の方は、下のボタンから承諾するか辞退するかを選んでください。承諾するまで、提案書の内容は見られません。",
  "mail.proposalInvitation.button": "依頼を確認する",
  "mail.proposalAccepted.subject": "【ねりま協働ラボ】「{org}」が共同提案に参加します",
  "mail.proposalAccepted.body":
    "「{org}」が共同提案への参加を承諾しました。役割分担の欄に、この団体の役割を書いてください。",
  "mail.proposalAccepted.button": "提案書を開く",
  "mail.proposalDeclined.subject": "【ねりま協働ラボ】「{org}」が共同提案を辞退しました",
  "mail.proposalDeclined.body": "「{org}」が共同提案への参加を辞退しました。",
  "mail.proposalDeclined.button": "提案書を開く",
  "mail.proposalReceipt.subject": "【ねりま協働ラボ】提案を受け付けました（受付番号 {receipt}）",
  "mail.proposalReceipt.body":
    "次の提案を受け付けました。この受付番号は、区へのお問い合わせのときにお伝えください。\n\n受付番号：{receipt}\n提案名：{title}\n募集テーマ：{theme}\n提案団体：{organizations}\n補助金申請額：{requested}円（事業費総額 {total}円）\n\n提出後の内容は変更できません。締切までは代表団体の代表者が取り下げることができます。",
  "mail.proposalReceipt.button": "提案書を見る",
  "mail.reviewAssignment.subject": "【ねりま協働ラボ】審査委員のお願い（{theme}）",
  "mail.reviewAssignment.body":
    "募集テーマ「{theme}」の審査委員をお願いします。締切後、審査する提案の一覧が表示されます。",
  "mail.reviewAssignment.button": "審査の一覧を開く",
  "mail.reviewReminder.subject": "【ねりま協働ラボ】審査のお願い（{theme}）",
  "mail.reviewReminder.body":
    "募集テーマ「{theme}」に、まだ提出していない審査があります。お手数ですが、提出をお願いします。",
  "mail.reviewReminder.button": "審査の一覧を開く",
  "mail.resultFunded.subject": "【ねりま協働ラボ】審査結果：採択（{title}）",
  "mail.resultFunded.body":
    "募集テーマ「{theme}」の提案「{title}」は採択されました。下のボタンから交付額と区からのコメントをご確認ください。",
  "mail.resultFunded.button": "審査結果を見る",
  "mail.resultNotFunded.subject": "【ねりま協働ラボ】審査結果：不採択（{title}）",
  "mail.resultNotFunded.body":
    "募集テーマ「{theme}」の提案「{title}」は、残念ながら不採択となりました。ご提案ありがとうございました。下のボタンから区からのコメントをご確認ください。",
  "mail.resultNotFunded.button": "審査結果を見る",
  "mail.reviewerInvitation.subject": "【ねりま協働ラボ】審査委員のお願い（{theme}）",
  "mail.reviewerInvitation.body":
    "募集テーマ「{theme}」の審査委員をお願いします。下のボタンから、このメールアドレスでアカウントを登録してください。登録すると審査委員として割り当てられます。",
  "mail.reviewerInvitation.button": "登録して審査委員になる",
  "mail.reportSubmitted.subject": "【ねりま協働ラボ】進捗報告：{project}",
  "mail.reportSubmitted.body":
    "事業「{project}」のマイルストーン「{milestone}」について、進捗報告が届きました。内容を確認して、承認するか差し戻してください。",
  "mail.reportSubmitted.button": "報告を確認する",
  "mail.reportApproved.subject": "【ねりま協働ラボ】進捗報告が承認されました（{milestone}）",
  "mail.reportApproved.body":
    "事業「{project}」のマイルストーン「{milestone}」の進捗報告を区が承認しました。\n\n{comment}",
  "mail.reportApproved.button": "事業のページを見る",
  "mail.reportReturned.subject": "【ねりま協働ラボ】進捗報告の差し戻し（{milestone}）",
  "mail.reportReturned.body":
    "事業「{project}」のマイルストーン「{milestone}」の進捗報告について、区から次のコメントがありました。内容を直して、もう一度報告してください。\n\n{comment}",
  "mail.reportReturned.button": "報告を直す",
  "mail.milestoneDue.subject": "【ねりま協働ラボ】期限が近づいています（{milestone}）",
  "mail.milestoneDue.body":
    "事業「{project}」のマイルストーン「{milestone}」の期限は {due} です。期限までに進捗報告をお願いします。",
  "mail.milestoneDue.button": "報告する",
  "mail.milestoneOverdue.subject": "【ねりま協働ラボ】期限を過ぎています（{milestone}）",
  "mail.milestoneOverdue.body":
    "事業「{project}」のマイルストーン「{milestone}」の期限（{due}）を過ぎましたが、まだ承認された報告がありません。報告をお願いします。困っていることがあれば区にご相談ください。",
  "mail.milestoneOverdue.button": "報告する",
  "mail.reviewDeadline.subject": "【ねりま協働ラボ】審査の締切が近づいています（{theme}）",
  "mail.reviewDeadline.body":
    "テーマ「{theme}」の審査の締切は {deadline} です。まだ提出していない審査があります。\n\n締切までに提出をお願いします。",
  "mail.reviewDeadline.button": "審査の一覧を開く",
  "mail.presentationInvitation.subject": "【ねりま協働ラボ】プレゼン審査のご案内（{title}）",
  "mail.presentationInvitation.body":
    "テーマ「{theme}」に提出された「{title}」は、書類審査を通過し、プレゼン審査に進みました。\n\n日時：{when}\n場所：{place}\n\nご都合が悪いときは、区の担当課までご連絡ください。",
  "mail.presentationInvitation.button": "提案を見る",
  "mail.finalSubmitted.subject": "【ねりま協働ラボ】完了報告：{project}",
  "mail.finalSubmitted.body": "事業「{project}」の完了報告が届きました。内容を確認して、受理するか差し戻してください。",
  "mail.finalSubmitted.button": "完了報告を確認する",
  "mail.finalAccepted.subject": "【ねりま協働ラボ】完了報告が受理されました（{project}）",
  "mail.finalAccepted.body":
    "事業「{project}」の完了報告を区が受理しました。事業は完了です。おつかれさまでした。\n\n{comment}",
  "mail.finalAccepted.button": "事業のページを見る",
  "mail.finalReturned.subject": "【ねりま協働ラボ】完了報告の差し戻し（{project}）",
  "mail.finalReturned.body":
    "事業「{project}」の完了報告について、区から次のコメントがありました。内容を直して、もう一度報告してください。\n\n{comment}",
  "mail.finalReturned.button": "完了報告を直す",
  "mail.deadlineChanged.subject": "【ねりま協働ラボ】締切が変わりました（{title}）",
  "mail.deadlineChanged.body":
    "募集テーマ「{title}」の締切が {closes} に変わりました。下書きを書いている方は、新しい締切までに提出してください。",
  "mail.deadlineChanged.button": "テーマのページを見る",
  "mail.draftNudge.subject": "【ねりま協働ラボ】締切まであと{days}日：{title}",
  "mail.draftNudge.body":
    "募集テーマ「{theme}」の締切は {closes} です。提案「{title}」はまだ提出されていません。\n\nまだ入力されていない項目：{missing}\nまだ参加を承諾していない連携団体：{pending}\nまだ内容を承認していない連携団体：{unapproved}\n\n締切を過ぎると提出できません。早めの提出をお願いします。",
  "mail.draftNudge.button": "提案を開く",
  "mail.questionAsked.subject": "【ねりま協働ラボ】テーマへの質問（{theme}）",
  "mail.questionAsked.body":
    "募集テーマ「{theme}」に次の質問が届きました。回答して公開すると、質問した方に知らせ、テーマのページに載ります。\n\n{question}",
  "mail.questionAsked.button": "質問に回答する",
  "mail.proposalApproved.subject": "【ねりま協働ラボ】「{org}」が提案の内容を承認しました",
  "mail.proposalApproved.body":
    "「{org}」の代表者が、提案「{title}」の内容を承認しました。ほかの連携団体の承認がそろうと、代表団体が提出できます。",
  "mail.proposalApproved.button": "確認画面を開く",
  "mail.approvalsWithdrawn.subject": "【ねりま協働ラボ】提案の内容が変わり、承認が取り消されました",
  "mail.approvalsWithdrawn.body":
    "提案「{title}」の内容が変更されたため、連携団体の承認が取り消されました。\n承認が必要な団体：{organizations}\n各団体の代表者は、確認画面で新しい内容を読み、もう一度承認してください。",
  "mail.approvalsWithdrawn.button": "確認画面を開く",
  "mail.digest.subject": "【ねりま協働ラボ】今日のお知らせ（{count}件）",
  "mail.digest.body": "まとめてお送りする設定のお知らせが {count} 件あります。",
  "mail.digest.why": "このメールは、お知らせを1日1回まとめて受け取る設定にしている方にお送りしています。",
  "mail.digest.settings": "受け取り方を変える",
  "mail.helperInvitation.subject": "【ねりま協働ラボ】「{org}」から代理入力の依頼",
  "mail.helperInvitation.body":
    "「{org}」の{inviter}さんから、提案の下書きの入力を手伝う「代理入力者」として招待されました。受けると、この団体の下書きを入力できます。提出は代表者が行います。\n\n下のボタンから招待を受けてください。まだ登録していない方は、このメールアドレスで新規登録してから招待を受けられます。",
  "mail.helperInvitation.button": "招待を確認する",
  "mail.submissionRequested.subject": "【ねりま協働ラボ】提案「{title}」の提出の承認をお願いします",
  "mail.submissionRequested.body":
    "{helper}さん（代理入力）が、テーマ「{theme}」への提案「{title}」を入力し、提出の承認を求めています。\n\n下のボタンからログインして確認画面を開き、内容を読んで、よければ「提出する」を押してください。",
  "mail.submissionRequested.button": "確認画面を開く",
} as const;

export type MailKey = keyof typeof jaMail;
